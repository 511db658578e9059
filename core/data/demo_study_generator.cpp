#include "data/demo_study_generator.h"

#include "data/demo_random.h"
#include "data/demo_scene_renderer.h"
#include "data/demo_text_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace vlmprobe {

namespace {

constexpr int kWidth = 384;
constexpr int kHeight = 288;
constexpr double kBorder = 8.0; // least distance from a shape to the image edge
constexpr double kGap = 10.0; // least distance between the circumcircles of two shapes, so they never touch
constexpr int kPlacementAttempts = 300;
constexpr int kSceneAttempts = 200;

const std::array<DemoRgb, 4> kBackgrounds { { { 247, 246, 242 }, { 242, 245, 248 }, { 248, 244, 236 },
    { 243, 247, 241 } } };

struct AreaRange {
    double lo;
    double hi;
};
constexpr AreaRange kCountedArea { 600.0, 1500.0 };
constexpr AreaRange kOrdinaryArea { 900.0, 2400.0 };
constexpr AreaRange kDistractorArea { 650.0, 2000.0 };

enum class Relation { Left, Right, Above, Below };

bool sameObject(const DemoObjectRef& a, const DemoObjectRef& b)
{
    return a.colour == b.colour && a.kind == b.kind;
}

DemoColour randomColour(DemoRandom& rng)
{
    return kDemoColours[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(kDemoColours.size()) - 1))];
}

DemoShapeKind randomKind(DemoRandom& rng)
{
    return kDemoShapeKinds[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(kDemoShapeKinds.size()) - 1))];
}

DemoColour randomColourExcept(DemoRandom& rng, DemoColour excluded)
{
    DemoColour colour = randomColour(rng);
    while (colour == excluded)
        colour = randomColour(rng);
    return colour;
}

DemoShapeKind randomKindExcept(DemoRandom& rng, DemoShapeKind excluded)
{
    DemoShapeKind kind = randomKind(rng);
    while (kind == excluded)
        kind = randomKind(rng);
    return kind;
}

DemoObjectRef randomObjectExcept(DemoRandom& rng, const std::vector<DemoObjectRef>& excluded)
{
    for (;;) {
        const DemoObjectRef object { randomColour(rng), randomKind(rng) };
        const bool taken = std::any_of(
            excluded.begin(), excluded.end(), [&](const DemoObjectRef& other) { return sameObject(object, other); });
        if (!taken)
            return object;
    }
}

DemoShape makeShape(DemoRandom& rng, const DemoObjectRef& object, double area)
{
    DemoShape shape;
    shape.kind = object.kind;
    shape.colour = object.colour;
    shape.area = area;
    shape.rotation = rng.uniformReal(0.0, 2.0 * std::numbers::pi);
    return shape;
}

DemoShape makeShape(DemoRandom& rng, const DemoObjectRef& object, AreaRange area)
{
    return makeShape(rng, object, rng.uniformReal(area.lo, area.hi));
}

bool fitsInside(const DemoShape& shape)
{
    const double radius = demoCircumradius(shape) + kBorder;
    return shape.centreX >= radius && shape.centreY >= radius && shape.centreX <= kWidth - radius
        && shape.centreY <= kHeight - radius;
}

bool apart(const DemoShape& a, const DemoShape& b)
{
    const double distance = std::hypot(a.centreX - b.centreX, a.centreY - b.centreY);
    return distance >= demoCircumradius(a) + demoCircumradius(b) + kGap;
}

bool clearOf(const DemoScene& scene, const DemoShape& shape)
{
    return std::all_of(
        scene.shapes.begin(), scene.shapes.end(), [&](const DemoShape& other) { return apart(shape, other); });
}

void moveToRandomSpot(DemoRandom& rng, DemoShape& shape)
{
    const double radius = demoCircumradius(shape) + kBorder;
    shape.centreX = rng.uniformReal(radius, kWidth - radius);
    shape.centreY = rng.uniformReal(radius, kHeight - radius);
}

// Drops the shape at random free spots until one is clear of the shapes already placed.
bool place(DemoRandom& rng, DemoScene& scene, DemoShape shape)
{
    for (int attempt = 0; attempt < kPlacementAttempts; ++attempt) {
        moveToRandomSpot(rng, shape);
        if (clearOf(scene, shape)) {
            scene.shapes.push_back(shape);
            return true;
        }
    }
    return false;
}

bool placeDistractors(DemoRandom& rng, DemoScene& scene, int count, const std::vector<DemoObjectRef>& excluded)
{
    for (int i = 0; i < count; ++i) {
        if (!place(rng, scene, makeShape(rng, randomObjectExcept(rng, excluded), kDistractorArea)))
            return false;
    }
    return true;
}

QString capitalised(const QString& text)
{
    return text.left(1).toUpper() + text.mid(1);
}

// Shuffles the options and returns the new position of the one that was at goldBefore.
int shuffleOptions(DemoRandom& rng, std::vector<DemoOption>& options, int goldBefore)
{
    std::vector<int> order(options.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    rng.shuffle(order);
    std::vector<DemoOption> shuffled;
    int gold = -1;
    for (const int from : order) {
        if (from == goldBefore)
            gold = static_cast<int>(shuffled.size());
        shuffled.push_back(options[static_cast<std::size_t>(from)]);
    }
    options = std::move(shuffled);
    return gold;
}

QString countClaim(const DemoObjectRef& target, int count)
{
    const QString colour = demoColourName(target.colour) + QLatin1Char(' ');
    if (count == 0)
        return QStringLiteral("there are no ") + colour + demoShapePlural(target.kind);
    if (count == 1)
        return QStringLiteral("there is 1 ") + colour + demoShapeName(target.kind);
    return QStringLiteral("there are ") + QString::number(count) + QLatin1Char(' ') + colour
        + demoShapePlural(target.kind);
}

bool buildCounting(DemoRandom& rng, DemoSample& sample)
{
    const DemoObjectRef target { randomColour(rng), randomKind(rng) };
    const int count = rng.chance(0.08) ? 0 : rng.uniformInt(1, 6);
    std::vector<DemoShape> shapes;
    for (int i = 0; i < count; ++i)
        shapes.push_back(makeShape(rng, target, kCountedArea));
    // Distractors share the colour or the kind, so that counting needs both attributes.
    const int distractors = rng.uniformInt(2, 4);
    for (int i = 0; i < distractors; ++i) {
        DemoObjectRef other = target;
        switch (rng.uniformInt(0, 2)) {
        case 0:
            other.kind = randomKindExcept(rng, target.kind);
            break;
        case 1:
            other.colour = randomColourExcept(rng, target.colour);
            break;
        default:
            other.kind = randomKindExcept(rng, target.kind);
            other.colour = randomColourExcept(rng, target.colour);
            break;
        }
        shapes.push_back(makeShape(rng, other, kCountedArea));
    }
    for (const DemoShape& shape : shapes) {
        if (!place(rng, sample.scene, shape))
            return false;
    }

    const int optionCount = rng.uniformInt(3, 5);
    const int first = rng.uniformInt(std::max(0, count - optionCount + 1), count);
    for (int value = first; value < first + optionCount; ++value)
        sample.options.push_back({ QString::number(value), countClaim(target, value) });
    sample.goldOption = shuffleOptions(rng, sample.options, count - first);
    sample.subjects = { target };
    sample.question = QStringLiteral("How many ") + demoColourName(target.colour) + QLatin1Char(' ')
        + demoShapePlural(target.kind) + QStringLiteral(" are there in the image?");
    return true;
}

QString relationText(Relation relation)
{
    switch (relation) {
    case Relation::Left:
        return QStringLiteral("Left");
    case Relation::Right:
        return QStringLiteral("Right");
    case Relation::Above:
        return QStringLiteral("Above");
    case Relation::Below:
        return QStringLiteral("Below");
    }
    throw std::invalid_argument("unknown relation");
}

QString relationClaim(Relation relation, const QString& first, const QString& second)
{
    switch (relation) {
    case Relation::Left:
        return first + QStringLiteral(" is to the left of ") + second;
    case Relation::Right:
        return first + QStringLiteral(" is to the right of ") + second;
    case Relation::Above:
        return first + QStringLiteral(" is above ") + second;
    case Relation::Below:
        return first + QStringLiteral(" is below ") + second;
    }
    throw std::invalid_argument("unknown relation");
}

// Places the two named shapes so that `a relation b` holds with a clear margin: the offset along the relation's
// axis is large and the offset across it at most 0.3 of that, so the dominant axis is never in doubt.
bool placePair(DemoRandom& rng, DemoScene& scene, DemoShape a, DemoShape b, Relation relation)
{
    const bool horizontal = relation == Relation::Left || relation == Relation::Right;
    for (int attempt = 0; attempt < kPlacementAttempts; ++attempt) {
        const double along = horizontal ? rng.uniformReal(110.0, 230.0) : rng.uniformReal(95.0, 180.0);
        const double across = rng.uniformReal(-0.3, 0.3) * along;
        const double sign = (relation == Relation::Left || relation == Relation::Above) ? -1.0 : 1.0;
        moveToRandomSpot(rng, b);
        a.centreX = b.centreX + (horizontal ? sign * along : across);
        a.centreY = b.centreY + (horizontal ? across : sign * along);
        if (fitsInside(a) && apart(a, b)) {
            scene.shapes.push_back(a);
            scene.shapes.push_back(b);
            return true;
        }
    }
    return false;
}

bool buildSpatialRelation(DemoRandom& rng, DemoSample& sample)
{
    const DemoObjectRef first { randomColour(rng), randomKind(rng) };
    const DemoObjectRef second = randomObjectExcept(rng, { first });
    const auto relation = static_cast<Relation>(rng.uniformInt(0, 3));
    if (!placePair(
            rng, sample.scene, makeShape(rng, first, kOrdinaryArea), makeShape(rng, second, kOrdinaryArea), relation))
        return false;
    if (!placeDistractors(rng, sample.scene, rng.uniformInt(1, 4), { first, second }))
        return false;

    const bool horizontal = relation == Relation::Left || relation == Relation::Right;
    const Relation opposite = horizontal ? (relation == Relation::Left ? Relation::Right : Relation::Left)
                                         : (relation == Relation::Above ? Relation::Below : Relation::Above);
    std::vector<Relation> crossAxis = horizontal ? std::vector<Relation> { Relation::Above, Relation::Below }
                                                 : std::vector<Relation> { Relation::Left, Relation::Right };
    rng.shuffle(crossAxis);
    std::vector<Relation> offered { relation, opposite };
    const int extra = rng.uniformInt(0, 2);
    offered.insert(offered.end(), crossAxis.begin(), crossAxis.begin() + extra);

    const QString firstName = demoObjectName(first);
    const QString secondName = demoObjectName(second);
    for (const Relation option : offered)
        sample.options.push_back({ relationText(option), relationClaim(option, firstName, secondName) });
    sample.goldOption = shuffleOptions(rng, sample.options, 0);
    sample.subjects = { first, second };
    if (offered.size() > 2)
        sample.question
            = QStringLiteral("Where is ") + firstName + QStringLiteral(" relative to ") + secondName + QLatin1Char('?');
    else if (horizontal)
        sample.question = QStringLiteral("Is ") + firstName + QStringLiteral(" to the left or to the right of ")
            + secondName + QLatin1Char('?');
    else
        sample.question
            = QStringLiteral("Is ") + firstName + QStringLiteral(" above or below ") + secondName + QLatin1Char('?');
    return true;
}

bool buildRelativeSize(DemoRandom& rng, DemoSample& sample)
{
    const DemoObjectRef first { randomColour(rng), randomKind(rng) };
    const DemoObjectRef second = randomObjectExcept(rng, { first });
    // An area ratio of at least 2.2 leaves no doubt for a viewer or for a pixel count.
    const double largerArea = rng.uniformReal(2600.0, 5000.0);
    const double smallerArea = largerArea / rng.uniformReal(2.2, 3.2);
    const bool firstLarger = rng.chance(0.5);
    if (!place(rng, sample.scene, makeShape(rng, first, firstLarger ? largerArea : smallerArea))
        || !place(rng, sample.scene, makeShape(rng, second, firstLarger ? smallerArea : largerArea)))
        return false;
    if (!placeDistractors(rng, sample.scene, rng.uniformInt(1, 3), { first, second }))
        return false;

    const QString firstName = demoObjectName(first);
    const QString secondName = demoObjectName(second);
    sample.options.push_back({ capitalised(firstName), firstName + QStringLiteral(" is larger than ") + secondName });
    sample.options.push_back({ capitalised(secondName), secondName + QStringLiteral(" is larger than ") + firstName });
    if (rng.chance(0.5))
        sample.options.push_back({ QStringLiteral("They are the same size"),
            firstName + QStringLiteral(" and ") + secondName + QStringLiteral(" are the same size") });
    sample.goldOption = shuffleOptions(rng, sample.options, firstLarger ? 0 : 1);
    sample.subjects = { first, second };
    sample.question
        = QStringLiteral("Which is larger: ") + firstName + QStringLiteral(" or ") + secondName + QLatin1Char('?');
    return true;
}

bool buildColourAttribute(DemoRandom& rng, DemoSample& sample)
{
    const DemoObjectRef target { randomColour(rng), randomKind(rng) };
    if (!place(rng, sample.scene, makeShape(rng, target, AreaRange { 1200.0, 3000.0 })))
        return false;
    // The asked-about kind appears once; the other shapes have other kinds and any colour, the target's included.
    const int others = rng.uniformInt(3, 6);
    for (int i = 0; i < others; ++i) {
        const DemoObjectRef other { randomColour(rng), randomKindExcept(rng, target.kind) };
        if (!place(rng, sample.scene, makeShape(rng, other, kDistractorArea)))
            return false;
    }

    std::vector<DemoColour> wrong;
    for (const DemoColour colour : kDemoColours) {
        if (colour != target.colour)
            wrong.push_back(colour);
    }
    rng.shuffle(wrong);
    const int optionCount = rng.uniformInt(3, 5);
    const QString subject = QStringLiteral("the ") + demoShapeName(target.kind);
    sample.options.push_back({ capitalised(demoColourName(target.colour)),
        subject + QStringLiteral(" is ") + demoColourName(target.colour) });
    for (int i = 0; i < optionCount - 1; ++i) {
        const DemoColour colour = wrong[static_cast<std::size_t>(i)];
        sample.options.push_back(
            { capitalised(demoColourName(colour)), subject + QStringLiteral(" is ") + demoColourName(colour) });
    }
    sample.goldOption = shuffleOptions(rng, sample.options, 0);
    sample.subjects = { target };
    sample.question = QStringLiteral("What colour is ") + subject + QLatin1Char('?');
    return true;
}

bool buildQuestion(DemoRandom& rng, DemoSample& sample)
{
    switch (sample.type) {
    case DemoQuestionType::Counting:
        return buildCounting(rng, sample);
    case DemoQuestionType::SpatialRelation:
        return buildSpatialRelation(rng, sample);
    case DemoQuestionType::RelativeSize:
        return buildRelativeSize(rng, sample);
    case DemoQuestionType::ColourAttribute:
        return buildColourAttribute(rng, sample);
    }
    throw std::invalid_argument("unknown demo question type");
}

int randomWrongOption(DemoRandom& rng, const DemoSample& sample)
{
    int option = rng.uniformInt(0, static_cast<int>(sample.options.size()) - 2);
    if (option >= sample.goldOption)
        ++option;
    return option;
}

} // namespace

DemoStudyGenerator::DemoStudyGenerator(std::uint32_t seed)
    : m_seed(seed)
{
}

DemoSample DemoStudyGenerator::sample(int index) const
{
    if (index < 0)
        throw std::invalid_argument("demo sample index must not be negative");
    DemoRandom rng(m_seed, static_cast<std::uint64_t>(index));
    const DemoQuestionType type = kDemoQuestionTypes[static_cast<std::size_t>(index) % kDemoQuestionTypes.size()];
    for (int attempt = 0; attempt < kSceneAttempts; ++attempt) {
        DemoSample sample;
        sample.index = index;
        sample.externalId = QStringLiteral("demo-%1").arg(index + 1, 4, 10, QLatin1Char('0'));
        sample.type = type;
        sample.scene.width = kWidth;
        sample.scene.height = kHeight;
        sample.scene.background
            = kBackgrounds[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(kBackgrounds.size()) - 1))];
        if (!buildQuestion(rng, sample))
            continue;
        sample.png = DemoSceneRenderer::renderPng(sample.scene);
        sample.correctCaption = DemoTextWriter::caption(sample, sample.goldOption);
        sample.wrongCaption = DemoTextWriter::caption(sample, randomWrongOption(rng, sample));
        sample.correctThink = DemoTextWriter::thinkPrefix(sample, sample.goldOption);
        sample.wrongThink = DemoTextWriter::thinkPrefix(sample, randomWrongOption(rng, sample));
        return sample;
    }
    throw std::runtime_error("could not lay out a demo scene");
}

std::vector<DemoSample> DemoStudyGenerator::samples(int count) const
{
    std::vector<DemoSample> result;
    result.reserve(static_cast<std::size_t>(std::max(count, 0)));
    for (int index = 0; index < count; ++index)
        result.push_back(sample(index));
    return result;
}

} // namespace vlmprobe
